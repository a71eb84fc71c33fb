"""What scoring needs at run time, and nothing that trains: features, the text model, embedders, the precise head."""
