import Autograd

// region: model
/// Article 004's network (workload W2), layer for layer as its Keras code builds it:
/// Conv2D(32, 3×3, relu) → MaxPooling2D(2×2) → Conv2D(64, 3×3, relu) →
/// MaxPooling2D(2×2) → Conv2D(64, 3×3, relu) → Flatten → Dense(64, relu) → Dense(10).
///
/// Every layer keeps Keras's initialization: Glorot-uniform weights, zero
/// biases. The last layer gives logits; the softmax lives inside the loss.
public func makeConvolutionalNetwork(random: RandomGenerator) -> Sequential {
  Sequential([
    Conv2D(inChannels: 1, filters: 32, kernelSize: 3, random: random), ReLU(),  // 28×28×1 → 26×26×32
    MaxPool2D(),  // → 13×13×32
    Conv2D(inChannels: 32, filters: 64, kernelSize: 3, random: random), ReLU(),  // → 11×11×64
    MaxPool2D(),  // → 5×5×64 (the odd row and column are dropped)
    Conv2D(inChannels: 64, filters: 64, kernelSize: 3, random: random), ReLU(),  // → 3×3×64
    Flatten(),  // → 576
    Linear(inputSize: 576, outputSize: 64, random: random), ReLU(),
    Linear(inputSize: 64, outputSize: 10, random: random),
  ])
}
// endregion
