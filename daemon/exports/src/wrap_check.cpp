// wrap_check: written by its owner.
