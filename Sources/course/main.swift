import Autograd
let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
let w = Tensor(shape: [2, 1], scalars: [0.5, -1]).requiringGradient()
let loss = x.matmul(w).sum()
loss.backward()
print(w.gradient!)
