// Chapter 2 (backprop) is being written.
print("Chapter 2 (backprop) is not written yet.")
