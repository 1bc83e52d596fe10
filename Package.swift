// swift-tools-version:6.1
//
// The course package: one autograd core, one executable per chapter, and the
// `course` command that checks exercises, runs benchmarks and builds the site.
// The layout and its contracts are described in README.md.

import Foundation
import PackageDescription

/// The CPU that release builds of the numeric code are compiled for.
///
/// The package is always built on the machine it runs on, so by default it
/// targets the building host's vector extensions: `x86-64-v4` (AVX-512 F, BW,
/// CD, DQ and VL) where the host has them, `x86-64-v3` (AVX2, FMA, BMI) where it
/// has those, and Swift's portable default otherwise. `COURSE_TARGET_CPU`
/// overrides the choice (any `-target-cpu` name, or `baseline` for the default),
/// so that the AVX2 build can be built and tested on an AVX-512 machine.
/// The core's kernels give the same bits on every target: their explicit SIMD
/// sums have widths fixed in the source, and the compiler vectorizes a loop
/// only where that does not reorder float arithmetic (`make test-vector-paths`
/// checks). Results differ between targets in the last bits only where the
/// default product kernel does: the tiled kernel in `x86-64-v4` builds,
/// OpenBLAS's sgemm in the others (`ExecutionPolicy.productKernel`).
let releaseTargetCPU: String? = {
  if let requested = ProcessInfo.processInfo.environment["COURSE_TARGET_CPU"], !requested.isEmpty {
    return requested == "baseline" ? nil : requested
  }
  #if arch(x86_64)
  guard let cpuInfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
  let flags = Set(cpuInfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? [])
  // lzcnt is "abm" in /proc/cpuinfo; xsave is what the OS needs to save wide registers.
  let level3: Set<Substring> = ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"]
  let level4: Set<Substring> = ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"]
  guard level3.isSubset(of: flags) else { return nil }
  return level4.isSubset(of: flags) ? "x86-64-v4" : "x86-64-v3"
  #else
  return nil
  #endif
}()

/// The compiler flags that select `cpu`. Swift's `-target-cpu` knows named
/// processors only; the x86-64 levels go through the C importer's `-march`,
/// whose target features Swift's code generation shares.
///
/// With AVX-512 the loops are vectorized 16 floats wide: left to itself LLVM
/// keeps 8-wide vectors on such CPUs (wide vectors slowed some early Intel
/// ones down), which gains nothing over AVX2. Measured on a Zen 4 (2 cores,
/// loaded), 16-wide made Adam's update 25 % faster, 8-wide with AVX-512 10 %.
func targetCPUFlags(_ cpu: String) -> [String] {
  guard cpu.hasPrefix("x86-64-v") else { return ["-target-cpu", cpu] }
  return ["-Xcc", "-march=\(cpu)"] + (cpu == "x86-64-v4" ? ["-Xcc", "-mprefer-vector-width=512"] : [])
}

/// Release builds of the numeric code should never pay for exclusivity checks
/// in their inner loops; everything else keeps Swift's defaults.
/// The files of a chapter's folder that are text, not code, and so are left
/// out of its executable: `chapter.md`, its Chinese edition `chapter.zh.md`
/// and the Chinese figure labels `figures.zh.json` where they exist, and
/// `others` (which must exist).
func chapterTexts(_ slug: String, others: [String] = []) -> [String] {
  let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Chapters/\(slug)")
  let translations = ["chapter.zh.md", "figures.zh.json"].filter {
    FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
  }
  return ["chapter.md"] + translations + others
}

let numericSettings: [SwiftSetting] = [
  .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
  // glibc's sqrtf may set errno, so without this every Float.squareRoot() is a
  // library call that stops loops from vectorizing (Adam's update: 4x slower).
  // Nothing here reads errno.
  .unsafeFlags(["-Xcc", "-fno-math-errno"]),
] + (releaseTargetCPU.map { [.unsafeFlags(targetCPUFlags($0), .when(configuration: .release))] } ?? [])
  // 32 vector registers: the tiled product keeps 8 rows of sums in them instead of 2 (Ops/MatrixMultiply+Tiled.swift).
  + (releaseTargetCPU == "x86-64-v4" ? [.define("COURSE_WIDE_VECTORS", .when(configuration: .release))] : [])

/// The chapters' exercise files, by module name: `Exercises/<name>.swift`.
///
/// Each file is its own module (`<name>Exercises`), checked by its own library
/// (`<name>Checks`, compiled with `Exercises` as an alias of that module so the
/// checks read the same for every chapter) and run by its own executable
/// (`<name>CheckRunner`), so a compile error in one file stops only its chapter.
let exerciseChapterModules = [
  "Neurons", "Backprop", "CrossEntropy", "Convolution",
  "Generalization",
  "Recurrent", "Attention",
  "Compression",
  "Engine",
]

/// The files of `Sources/ExerciseChecks` that every chapter's checks share.
let exerciseChecksCore = [
  "Exercise.swift", "ExpectationLog.swift", "ExerciseRunner.swift", "StandardOutput.swift",
  "ExpectationLog+Cases.swift", "CheckedValue.swift", "FunctionSubstitution.swift", "CheckWordings.swift",
]

let exerciseChapterTargets: [Target] = exerciseChapterModules.flatMap { name -> [Target] in
  let exercises: Target = .target(
    name: "\(name)Exercises", dependencies: ["Autograd"], path: "Exercises",
    exclude: exerciseChapterModules.filter { $0 != name }.map { "\($0).swift" }, sources: ["\(name).swift"])
  let checks: Target = .target(
    name: "\(name)Checks",
    dependencies: ["Autograd", "ExerciseChecks", "ExerciseSolutions", .target(name: "\(name)Exercises")],
    path: "Sources/ExerciseChecks",
    exclude: exerciseChecksCore + exerciseChapterModules.filter { $0 != name }.flatMap { other in
      ["\(other)Checks.swift", "Chapters/\(other)Chapter.swift"]
    },
    sources: ["\(name)Checks.swift", "Chapters/\(name)Chapter.swift"],
    swiftSettings: [.unsafeFlags(["-module-alias", "Exercises=\(name)Exercises"])]
  )
  let runner: Target = .executableTarget(
    name: "\(name)CheckRunner", dependencies: ["ExerciseChecks", .target(name: "\(name)Checks")],
    path: "Sources/ExerciseRunners/\(name)")
  return [exercises, checks, runner]
}

let exerciseRunnerProducts: [Product] = exerciseChapterModules.map { name -> Product in
  .executable(name: "\(name)CheckRunner", targets: ["\(name)CheckRunner"])
}

/// A test-only chapter whose "learner" functions loop forever, trap, print and
/// call a stub, so that the tests can watch the check runner handle each for real.
let exerciseFixtureTargets: [Target] = [
  .target(name: "ExerciseFixtures", path: "Tests/ExerciseFixtures"),
  .executableTarget(
    name: "ExerciseFixtureCheckRunner", dependencies: ["ExerciseChecks", "ExerciseFixtures"],
    path: "Tests/ExerciseFixtureRunner"),
]

let package = Package(
  name: "DeepLearningCourse",
  products: [
    .library(name: "Autograd", targets: ["Autograd"]),
    .library(name: "Datasets", targets: ["Datasets"]),
    .library(name: "Plotting", targets: ["Plotting"]),
    .executable(name: "course", targets: ["course"]),
    .executable(name: "neurons", targets: ["neurons"]),
    .executable(name: "backprop", targets: ["backprop"]),
    .executable(name: "cross-entropy", targets: ["CrossEntropy"]),
    .executable(name: "cnn", targets: ["cnn"]),
    .executable(name: "generalization", targets: ["generalization"]),
    .executable(name: "lstm", targets: ["lstm"]),
    .executable(name: "attention", targets: ["attention"]),
    .executable(name: "compression", targets: ["compression"]),
    .executable(name: "engine", targets: ["engine"]),
  ] + exerciseRunnerProducts,
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: [
    // MARK: - The core

    .target(
      name: "Autograd",
      dependencies: ["CBLAS", "_AllocatorShims", "_Int8Kernels"],
      swiftSettings: numericSettings
    ),

    // MARK: - Course libraries

    /// Fashion-MNIST and the fortunes text, read from Debian's data packages.
    .target(
      name: "Datasets",
      dependencies: ["CZlib"],
      swiftSettings: numericSettings
    ),

    /// Figures drawn by gnuplot: SVG files and terminal previews.
    .target(name: "Plotting"),

    /// The chapter text conventions: code regions, metric placeholders, figures.
    .target(name: "Literate", dependencies: ["CMarkGFM"]),

    /// The course website: chapter texts, outputs, math and figures as static pages.
    .target(name: "SiteGenerator", dependencies: ["Literate", "CMarkGFM"]),

    /// The performance workloads W1–W4: their models, inputs, training recipes
    /// and product counts, shared by the chapters and `course bench`.
    .target(name: "Workloads", dependencies: ["Autograd"]),

    /// The chapter runtime: flags, outputs, training loop, progress.
    .target(
      name: "CourseKit",
      dependencies: [
        "Autograd", "CBLAS", "Datasets", "Plotting", "Workloads",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Chapters (one executable each; the text is chapter.md beside the code)

    .executableTarget(
      name: "neurons",
      dependencies: ["CourseKit", "Autograd", "Datasets", "Plotting"],
      path: "Chapters/neurons",
      exclude: chapterTexts("neurons", others: ["keras-listing"]),
      swiftSettings: numericSettings
    ),

    .executableTarget(
      name: "backprop",
      dependencies: ["CourseKit", "Autograd", "Datasets", "Plotting"],
      path: "Chapters/backprop",
      exclude: chapterTexts("backprop"),
      swiftSettings: numericSettings
    ),

    .executableTarget(
      name: "CrossEntropy",
      dependencies: ["CourseKit", "Autograd", "Datasets", "Plotting", "Workloads"],
      path: "Chapters/cross-entropy",
      exclude: chapterTexts("cross-entropy", others: ["keras-listing"]),
      swiftSettings: numericSettings
    ),

    .executableTarget(
      name: "cnn",
      dependencies: ["CourseKit", "Autograd", "Datasets", "Plotting", "Workloads"],
      path: "Chapters/cnn",
      exclude: chapterTexts("cnn", others: ["keras-listing"]),
      swiftSettings: numericSettings
    ),

    .executableTarget(
      name: "generalization",
      dependencies: ["CourseKit", "Autograd", "Datasets", "Plotting", "Workloads"],
      path: "Chapters/generalization",
      exclude: chapterTexts("generalization"),
      swiftSettings: numericSettings
    ),

    .executableTarget(
      name: "lstm",
      dependencies: ["CourseKit", "Autograd", "Datasets", "Plotting", "Workloads"],
      path: "Chapters/lstm",
      exclude: chapterTexts("lstm"),
      swiftSettings: numericSettings
    ),

    .executableTarget(
      name: "attention",
      dependencies: ["CourseKit", "Autograd", "Datasets", "Plotting", "Workloads"],
      path: "Chapters/attention",
      exclude: chapterTexts("attention"),
      swiftSettings: numericSettings
    ),

    .executableTarget(
      name: "compression",
      dependencies: ["CourseKit", "Autograd", "Datasets", "Plotting", "Workloads"],
      path: "Chapters/compression",
      exclude: chapterTexts("compression"),
      swiftSettings: numericSettings
    ),

    .executableTarget(
      name: "engine",
      dependencies: ["CourseKit", "Autograd", "Plotting", "Workloads"],
      path: "Chapters/engine",
      exclude: chapterTexts("engine"),
      swiftSettings: numericSettings
    ),

    // MARK: - Exercises (more targets below, one set per chapter)

    /// The list of exercises, their files, graded hints and dependencies, and
    /// the machinery of `course check` (building runners, running them in
    /// child processes, reading their verdicts). It links no learner code, so
    /// a learner's compile error cannot stop `course` from building.
    .target(name: "ExerciseCatalog"),

    /// Reference solutions, with the same signatures as the stubs.
    .target(name: "ExerciseSolutions", dependencies: ["Autograd"]),

    /// What every chapter's checks share: `Exercise`, `ExpectationLog` and the
    /// runner's command line. The chapters' checks are separate targets below.
    .target(
      name: "ExerciseChecks",
      dependencies: ["ExerciseCatalog"],
      exclude: ["Chapters"] + exerciseChapterModules.map { "\($0)Checks.swift" },
      sources: exerciseChecksCore
    ),

    /// Every chapter's checks in one list (`allExercises`), for tests that run
    /// checks in-process. `course` must not depend on it.
    .target(
      name: "AllExerciseChecks",
      dependencies: ["ExerciseChecks"] + exerciseChapterModules.map { name -> Target.Dependency in .target(name: "\(name)Checks") }
    ),

    /// Known wrong solutions, which the tests require every check to reject.
    .target(name: "ExerciseMistakes", dependencies: ["ExerciseSolutions"]),

    // MARK: - Tools

    .executableTarget(
      name: "course",
      dependencies: [
        "Autograd",
        "CBLAS",
        "CourseKit",
        "Datasets",
        "ExerciseCatalog",
        "Literate",
        "SiteGenerator",
        "Workloads",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Implementation details (not API)

    /// glibc's `mallopt`, which Swift's Glibc module does not import.
    .target(name: "_AllocatorShims"),

    /// Integer matrix products for int8 inference (AVX2, AVX-512 VNNI, scalar),
    /// chosen at run time; the instruction sets are enabled per function, so
    /// the target builds for a baseline x86-64 (see Quantization/Int8Kernel.swift).
    .target(
      name: "_Int8Kernels",
      cSettings: [.unsafeFlags(["-ffp-contract=off"]), .unsafeFlags(["-O3"], .when(configuration: .release))]),

    // MARK: - System libraries (installed by `make setup`)

    .systemLibrary(
      name: "CBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]
    ),

    .systemLibrary(
      name: "CMarkGFM",
      pkgConfig: "libcmark-gfm",
      providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
    ),

    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),

    // MARK: - Tests

    .testTarget(
      name: "AutogradTests",
      dependencies: ["Autograd"]
    ),
    .testTarget(
      name: "CourseKitTests",
      dependencies: ["CourseKit"]
    ),
    .testTarget(
      name: "ChapterTests",
      // Depends on the chapters so that the tests can run their executables.
      dependencies: ["neurons", "backprop", "CrossEntropy", "cnn", "generalization", "lstm", "attention", "Literate"]
        + ["compression", "engine"]
    ),
    .testTarget(
      name: "ExerciseTests",
      // Depends on the chapters' check runners so that the tests can run them as `course check` does.
      dependencies: ["ExerciseCatalog", "AllExerciseChecks", "ExerciseMistakes", "course", "ExerciseFixtureCheckRunner"]
        + exerciseChapterModules.map { name -> Target.Dependency in .target(name: "\(name)CheckRunner") }
    ),
    .testTarget(
      name: "WorkloadsTests",
      // Depends on `course` so that a test can run `course bench workloads`.
      dependencies: ["Autograd", "Workloads", "course"]
    ),
    .testTarget(
      name: "LiterateTests",
      dependencies: ["Literate"]
    ),
    .testTarget(
      name: "SiteGeneratorTests",
      // Depends on `course` and the chapters so that a test can build a preview from their quick runs.
      dependencies: ["SiteGenerator", "course", "neurons", "backprop", "CrossEntropy", "cnn", "generalization", "lstm", "attention"]
        + ["compression", "engine"]
    ),
    .testTarget(
      name: "DatasetsTests",
      dependencies: ["Datasets"]
    ),
    .testTarget(
      name: "PlottingTests",
      dependencies: ["Plotting"]
    ),
  ] + exerciseChapterTargets + exerciseFixtureTargets
)
