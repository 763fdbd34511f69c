"""The resolver's domain is ``shared.resolution`` (pure matching and graph building), shared with
the API's graph preview so that a preview and a deployment can never disagree."""
