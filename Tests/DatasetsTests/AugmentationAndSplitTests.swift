import Testing

@testable import Datasets

/// A data set of `count` 3×4 images whose pixels name their image and position, labels cycling over `classes`.
private func numberedImages(count: Int, classes: Int = 3, labels: [Int]? = nil) -> ImageDataset {
  let pixels = (0..<(count * 12)).map { Float($0) }
  return ImageDataset(
    images: pixels, labels: labels ?? (0..<count).map { $0 % classes }, height: 3, width: 4,
    classNames: (0..<classes).map { "class \($0)" })
}

@Suite("Augmentation: shifts and flips of image batches")
struct AugmentationTests {
  let image: ArraySlice<Float> = ArraySlice((1...12).map(Float.init))  // rows 1 2 3 4 / 5 6 7 8 / 9 10 11 12

  @Test func shiftMovesPixelsAndFillsTheBorderWithBackground() {
    #expect(transformed(image, height: 3, width: 4, rowShift: 0, columnShift: 1, flipped: false)
      == [0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11])
    #expect(transformed(image, height: 3, width: 4, rowShift: -1, columnShift: 0, flipped: false)
      == [5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0])
    #expect(transformed(image, height: 3, width: 4, rowShift: 1, columnShift: -2, flipped: false)
      == [0, 0, 0, 0, 3, 4, 0, 0, 7, 8, 0, 0])
    #expect(transformed(image, height: 3, width: 4, rowShift: 0, columnShift: 0, flipped: false) == Array(image))
  }

  @Test func flipMirrorsEachRowAndTwiceIsTheIdentity() {
    let flipped = transformed(image, height: 3, width: 4, rowShift: 0, columnShift: 0, flipped: true)
    #expect(flipped == [4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9])
    #expect(transformed(flipped[...], height: 3, width: 4, rowShift: 0, columnShift: 0, flipped: true) == Array(image))
    // The mirror comes first, then the shift: the flipped image moved right by one.
    #expect(transformed(image, height: 3, width: 4, rowShift: 0, columnShift: 1, flipped: true)
      == [0, 4, 3, 2, 0, 8, 7, 6, 0, 12, 11, 10])
  }

  @Test func batchesAreShiftedWithinTheBoundFlippedOnlyWhereAllowedAndSeeded() {
    let data = numberedImages(count: 300)
    let batch = data.batch(at: Array(0..<300))
    let augmentation = ImageAugmentation(maximumShift: 1, flippableClasses: [1])
    var random = SplitMix64(seed: 3)
    let augmented = augmentation.apply(to: batch, using: &random)
    #expect(augmented.labels == batch.labels)
    var flippedCount = 0
    var shifts: Set<[Int]> = []
    for index in 0..<300 {
      let original = batch.images[(index * 12)..<((index + 1) * 12)]
      let result = Array(augmented.images[(index * 12)..<((index + 1) * 12)])
      // Exactly one of the candidate transformations gives this image.
      let matches = (-1...1).flatMap { dy in (-1...1).flatMap { dx in [false, true].map { [dy, dx, $0 ? 1 : 0] } } }
        .filter { transformed(original, height: 3, width: 4, rowShift: $0[0], columnShift: $0[1], flipped: $0[2] == 1) == result }
      #expect(!matches.isEmpty, "image \(index) is no shift or flip of itself")
      if matches.allSatisfy({ $0[2] == 1 }) {
        flippedCount += 1
        #expect(batch.labels[index] == 1, "image \(index) of class \(batch.labels[index]) was flipped")
      }
      shifts.insert(Array(matches[0].prefix(2)))
    }
    #expect(shifts.count == 9)  // every shift in −1...1 × −1...1 occurs
    #expect((30...70).contains(flippedCount))  // about half of the 100 flippable images
    var again = SplitMix64(seed: 3)
    #expect(augmentation.apply(to: batch, using: &again).images == augmented.images)
    var other = SplitMix64(seed: 4)
    #expect(augmentation.apply(to: batch, using: &other).images != augmented.images)
    var unused = SplitMix64(seed: 5)
    #expect(ImageAugmentation(maximumShift: 0).apply(to: batch, using: &unused).images == batch.images)
  }

  @Test func placementsReplayTheDrawsOfApplyAndCountTheVersions() {
    let data = numberedImages(count: 300)
    let batch = data.batch(at: Array(0..<300))
    let augmentation = ImageAugmentation(maximumShift: 1, flippableClasses: [1])
    var forApply = SplitMix64(seed: 11), forPlacements = SplitMix64(seed: 11)
    let augmented = augmentation.apply(to: batch, using: &forApply)
    let placements = augmentation.placements(for: batch.labels, using: &forPlacements)
    #expect(placements.count == 300)
    for (index, placement) in placements.enumerated() {
      let original = batch.images[(index * 12)..<((index + 1) * 12)]
      #expect(transformed(original, height: 3, width: 4, rowShift: placement.rowShift,
        columnShift: placement.columnShift, flipped: placement.flipped) == Array(augmented.images[(index * 12)..<((index + 1) * 12)]))
    }
    // Both generators made the same draws, so they go on alike.
    #expect(forApply.next() == forPlacements.next())
    // 3 × 3 shifts, twice for the class that may be mirrored; every version occurs among 300 images.
    #expect(augmentation.versionCount(ofClass: 1) == 18 && augmentation.versionCount(ofClass: 0) == 9)
    #expect(Set(zip(placements, batch.labels).filter { $0.1 == 1 }.map(\.0)).count == 18)
    #expect(Set(zip(placements, batch.labels).filter { $0.1 != 1 }.map(\.0)).count == 9)
  }
}

@Suite("Subsets, stratified splits and folds")
struct SplittingTests {
  @Test func subsetCopiesTheImagesInOrder() {
    let data = numberedImages(count: 5)
    let subset = data.subset(at: [3, 1])
    #expect(subset.labels == [0, 1])
    #expect(subset.images == Array(data.pixels(ofImage: 3)) + Array(data.pixels(ofImage: 1)))
  }

  @Test func stratifiedSplitKeepsEveryClassShareAndCoversEachImageOnce() {
    // Classes of 60, 30 and 10 images: a 20-image validation set takes 12, 6 and 2.
    let labels = [Int](repeating: 0, count: 60) + [Int](repeating: 1, count: 30) + [Int](repeating: 2, count: 10)
    let data = numberedImages(count: 100, labels: labels)
    let (kept, heldOut) = data.stratifiedSplit(heldOutCount: 20, seed: 1)
    #expect(heldOut.count == 20 && kept.count == 80)
    #expect((kept + heldOut).sorted() == Array(0..<100))
    #expect(data.subset(at: heldOut).countPerClass() == [12, 6, 2])
    #expect(data.stratifiedSplit(heldOutCount: 20, seed: 1).heldOut == heldOut)
    #expect(data.stratifiedSplit(heldOutCount: 20, seed: 2).heldOut != heldOut)
    // Shares that do not divide evenly: 7 of 100 go to the largest remainders (4.2, 2.1, 0.7 → 4, 2, 1).
    #expect(data.subset(at: data.stratifiedSplit(heldOutCount: 7, seed: 1).heldOut).countPerClass() == [4, 2, 1])
  }

  @Test func foldsAreBalancedAndDisjoint() {
    let data = numberedImages(count: 90)
    let folds = data.stratifiedFolds(3, seed: 4)
    #expect(folds.flatMap { $0 }.sorted() == Array(0..<90))
    for fold in folds { #expect(data.subset(at: fold).countPerClass() == [10, 10, 10]) }
  }
}
