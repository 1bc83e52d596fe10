"""Stands in for `tf.keras.datasets.mnist` in run.sh's second run: the same
`load_data()` result, read from local IDX files instead of downloaded.

The directory is $DATA (default: Debian's dataset-fashion-mnist package),
so the run trains on Fashion-MNIST; digit-MNIST files in the same format
work too."""
import gzip
import os

import numpy as np

directory = os.environ.get("DATA", "/usr/share/datasets/fashion-mnist")


def read(name, header_bytes):
    with gzip.open(os.path.join(directory, name + ".gz")) as file:
        return np.frombuffer(file.read(), np.uint8, offset=header_bytes)


def load_data():
    """((train_images, train_labels), (test_images, test_labels)), uint8, as Keras returns them."""
    return ((read("train-images-idx3-ubyte", 16).reshape(-1, 28, 28), read("train-labels-idx1-ubyte", 8)),
            (read("t10k-images-idx3-ubyte", 16).reshape(-1, 28, 28), read("t10k-labels-idx1-ubyte", 8)))
