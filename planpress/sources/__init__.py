"""Reading and validating source/: YAML with places (yamlsource), JSON Schema (schema, schemas/),
the document controller's rules (rules) and the loader that turns it all into the model (loader)."""
