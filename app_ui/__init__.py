"""Streamlit helpers shared by the app's pages: cached loaders, the sidebar, texts in two languages."""
