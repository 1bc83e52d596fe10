"""Runs article 002's listing (article-002-listing.py, unchanged) with two things
around it: tf.keras.datasets.mnist.load_data() returns Fashion-MNIST from Debian's
dataset-fashion-mnist package (the same shapes and dtypes: MNIST's download is not
reachable here), and fit() counts the training batches it completes. Prints the
listing's line where the run stopped, the batches completed and the last error line."""
import gzip, os, re, runpy, sys, traceback
import numpy as np
import tensorflow as tf

DATA = "/usr/share/datasets/fashion-mnist"
LISTING = os.path.join(os.path.dirname(os.path.abspath(__file__)), "article-002-listing.py")


def idx(name, offset):
    with gzip.open(os.path.join(DATA, name)) as file:
        return np.frombuffer(file.read(), np.uint8, offset=offset)


def fashion_mnist():
    x_train = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
    x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
    return (x_train, idx("train-labels-idx1-ubyte.gz", 8)), (x_test, idx("t10k-labels-idx1-ubyte.gz", 8))


class CountBatches(tf.keras.callbacks.Callback):
    completed = 0

    def on_train_batch_end(self, batch, logs=None):
        CountBatches.completed += 1


original_fit = tf.keras.Model.fit


def counting_fit(self, *args, **kwargs):
    kwargs["callbacks"] = list(kwargs.get("callbacks") or []) + [CountBatches()]
    return original_fit(self, *args, **kwargs)


tf.keras.datasets.mnist.load_data = fashion_mnist
tf.keras.Model.fit = counting_fit
try:
    runpy.run_path(LISTING, run_name="__main__")
    print(f"ran to the end; training batches completed: {CountBatches.completed}")
except Exception as error:
    line = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == LISTING][-1]
    # Keras wraps the reason in several lines (and colour codes): keep the one that names the shapes.
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", text).strip() for text in str(error).splitlines()]
    reason = next((text for text in lines if "incompatible" in text), lines[-1])
    reason = reason.removeprefix(f"{type(error).__name__}: ")
    print(f"stopped at line {line.lineno} ({line.line.split('(')[0]}) after {CountBatches.completed} training batches: "
          f"{type(error).__name__}: {reason}")
    sys.exit(1)
