"""Resolution, purely: matching definitions, placeholders in sets, building resource graphs.

The resolver service applies it to every deployment; the API uses the same code to preview a
graph without deploying, so a preview and a deployment can never disagree.
"""
