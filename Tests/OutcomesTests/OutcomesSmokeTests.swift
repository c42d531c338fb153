import Testing
@testable import Outcomes
