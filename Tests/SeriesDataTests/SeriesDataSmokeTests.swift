import Testing
@testable import SeriesData
