// ale: written by its owner.
