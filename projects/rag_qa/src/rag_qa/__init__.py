"""rag_qa: offline domain Q&A with retrieval-augmented generation."""

__version__ = "0.1.0"
