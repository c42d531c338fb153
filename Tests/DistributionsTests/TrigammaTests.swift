// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import Distributions

/// ψ′(x) against mpmath at 40 digits (notebooks-data/references/distributions/make_trigamma.py).
struct TrigammaTests {
    @Test func trigammaMatchesMpmath() throws {
        let data = try Data(contentsOf: TestSupport.dataURL("references/distributions/trigamma.json"))
        let cases = try JSONSerialization.jsonObject(with: data) as! [[String: String]]
        #expect(cases.count == 21)
        var worst = 0.0
        for c in cases {
            let x = Double(c["x"]!)!, ref = Double(c["trigamma"]!)!
            let err = TestSupport.relativeError(trigamma(x), ref)
            worst = TestSupport.worse(worst, err)
            #expect(err < 1e-14, "x = \(x): \(trigamma(x)) vs \(ref)")
        }
        print(String(format: "trigamma: %d cases, max relative error %.2e", cases.count, worst))
    }
}
