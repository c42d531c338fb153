import Testing
@testable import Regression
