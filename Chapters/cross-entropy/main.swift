// Chapter 3 (cross-entropy) is being written.
print("Chapter 3 (cross-entropy) is not written yet.")
