"""Placeholder while the page is being built."""

import streamlit as st

st.header("latent_map")
