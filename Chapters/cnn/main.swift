// Chapter 4 (cnn) is being written.
print("Chapter 4 (cnn) is not written yet.")
