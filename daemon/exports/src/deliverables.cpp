// deliverables: written by its owner.
