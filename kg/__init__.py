"""kg: build a validated RDF knowledge graph from articles about China's internet industry."""
__version__ = "0.1.0"
