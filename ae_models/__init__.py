"""ae_models: autoencoders to explore — datasets, five model families, training, safe checkpoints,
metrics and latent projections. Knows nothing of Streamlit."""

from .checkpoints import CheckpointError, list_pretrained, load_pretrained, save_checkpoint
from .data import DatasetError, ImageDataset, load_dataset
from .devices import DeviceError, best_device
from .models import FAMILIES, Autoencoder, build_model, is_variational
from .noise import corrupt, parse_noise

__all__ = ["FAMILIES", "Autoencoder", "CheckpointError", "DatasetError", "DeviceError", "ImageDataset",
           "best_device", "build_model", "corrupt", "is_variational", "list_pretrained", "load_dataset",
           "load_pretrained", "parse_noise", "save_checkpoint"]
