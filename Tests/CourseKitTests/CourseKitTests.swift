import Testing
@testable import CourseKit
