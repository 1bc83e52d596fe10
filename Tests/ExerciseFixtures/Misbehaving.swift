// A learner's file as the tests need one: functions that loop forever, trap,
// print and call a stub, so that the check runner's handling of each can be
// tested for real. Line numbers matter to the tests only through the
// function names (found by ExerciseSource), not as numbers.

/// Still a stub, as shipped.
public func stillAStub() -> Int {
  fatalError("not attempted")
}

/// Builds on the stub above, as a hint may say to.
public func buildsOnTheStub() -> Int {
  stillAStub() + 1
}

/// Never returns.
public func loopsForever() -> Int {
  var count = 0
  while true { count &+= 1 }
  return count
}

/// Fails a precondition with its own message.
public func failsAPrecondition(_ value: Int) -> Int {
  precondition(value > 5, "value must exceed 5")
  return value
}

/// Overflows an Int.
public func overflows(_ value: Int) -> Int {
  value * Int.max
}

/// Prints a lot while debugging, then gets the answer wrong.
public func printsWhileDebugging() -> Int {
  for line in 1...100 { print("debug line \(line)") }
  return 41
}
