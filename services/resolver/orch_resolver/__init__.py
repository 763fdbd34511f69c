"""The resolver: turns a deployment set into a resource graph of matched definitions."""
