"""Reads: the rules for what each actor may see, without HTTP."""
