// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
import _TestSupport

/// The reference checks must fail for a model that returns NaN or ∞ (issue 12): Swift's
/// `max(worst, .nan)` is `worst`, so a NaN error used to vanish from a running maximum.
struct TestSupportNaNTests {
    @Test func nanAndInfinityAreNeverClose() {
        #expect(TestSupport.relativeError(.nan, 1) == .infinity)
        #expect(TestSupport.relativeError(.infinity, 1) == .infinity)
        #expect(TestSupport.relativeError(1, .nan) == .infinity)
        #expect(TestSupport.relativeError(.nan, .nan) == 0)
        #expect(TestSupport.relativeError(1.5, 1) == 0.5)
        #expect(TestSupport.worse(0, .nan) == .infinity)
        #expect(TestSupport.worse(0.1, 0.3, 0.2) == 0.3)
        #expect(TestSupport.worst([0.1, .nan, 0.2]) == .infinity)
        #expect(TestSupport.lre(.nan, certified: 1) == 0)
        #expect(TestSupport.lre(1 + 1e-10, certified: 1) > 9)
        // The Forecasting reference helpers: an all-NaN model does not pass.
        let all = [Double](repeating: .nan, count: 5)
        #expect(Reference.maxRelativeError(all, [1, 2, 3, 4, 5]) == .infinity)
        #expect(Reference.maxScaledError(all, [1, 2, 3, 4, 5]) == .infinity)
        #expect(TestSupport.isClose(1 + 1e-9, 1, rtol: 1e-8, atol: 0))
        #expect(!TestSupport.isClose(.nan, 1, rtol: 1, atol: 1))
        #expect(!TestSupport.isClose(.infinity, .infinity, rtol: 1, atol: 1))
    }

    @Test func expectCloseRecordsAnIssueForNaN() {
        withKnownIssue("NaN is not close to anything") { expectClose(.nan, 1, rtol: 1e-6) }
        withKnownIssue("∞ is not close to anything") { expectClose(.infinity, 1, rtol: 1e-6, atol: 1e300) }
        withKnownIssue("one NaN in an array fails it") { expectClose([1, .nan, 3], [1, 2, 3], rtol: 1e-6) }
        withKnownIssue("outside the tolerance") { expectClose(1.1, 1, rtol: 0.01) }
        expectClose(1 + 1e-12, 1, rtol: 1e-10)
        expectClose([1, 2, 3], [1, 2, 3 + 1e-12], atol: 1e-9)
    }
}
