// editorial: written by its owner.
