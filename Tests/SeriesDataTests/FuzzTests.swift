// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SeriesData

/// SplitMix64 (Steele, Lea & Flood 2014), seeded, so every run tests the same cases.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Runs every reader on `bytes` with `.reject`; any `SeriesDataError` is an allowed
/// outcome, a crash is not, and a returned account must balance. Returns the names of the
/// readers that used at least one row (so a test can require that the inputs are not all
/// rejected: a fuzz test that passes when every reader rejects everything tests nothing).
@discardableResult
func readAllWays(_ bytes: [UInt8], chunk: Int) -> Set<String> {
    let r = { CSVReader(bytes: bytes, name: "fuzz.csv", chunkSize: chunk) }
    var used: Set<String> = []
    func check(_ name: String, _ a: RowAccount?) {
        guard let a else { return }
        #expect(a.balances)
        if a.rowsUsed > 0 { used.insert(name) }
    }
    check("policeuk-lsoa", try? PoliceUKStreet.read(r(), by: .lsoa).account)
    check("policeuk-la", try? PoliceUKStreet.read(r(), by: .localAuthority).account)
    check("fingertips", try? FingertipsExport.read(r()).account)
    check("ons", try? ONSRecordedCrime.read(r()).account)
    check("tidy", try? TidyCSV.read(r(), valueKind: .count).account)
    check("wide", try? WideCSV.read(r()).account)
    check("ees", try? EESOpenData.read(r(), value: "Alcohol_Misuse_parent", keys: ["geographic_level", "area_code", "la_name"],
                                       valueKind: .count).account)
    if let records = try? r().readAll(), !records.isEmpty { used.insert("csv") }
    return used
}

@Suite struct FuzzTests {
    static let alphabet: [UInt8] = Array(",,,,\"\"\"\n\n\r;  0123456789-/QWabcNaI.e".utf8) + [0xFF, 0xC3, 0xEF, 0xBB, 0xBF, 0x00]

    @Test func randomBytesNeverCrash() {
        var g = SplitMix64(state: 20_261_125)
        var tokenized = 0
        for _ in 0..<2500 {
            let n = g.int(200)
            let bytes = (0..<n).map { _ in g.int(4) == 0 ? UInt8(g.int(256)) : Self.alphabet[g.int(Self.alphabet.count)] }
            if readAllWays(bytes, chunk: 16 + g.int(64)).contains("csv") { tokenized += 1 }
        }
        // Acceptance floor: most random byte strings still tokenize into records (seeded, so exact).
        print("fuzz random bytes: \(tokenized) of 2500 tokenized")
        #expect(tokenized >= 1000, "only \(tokenized) of 2500 random inputs tokenized")
    }

    @Test func mutatedRealFilesNeverCrash() throws {
        let sources = ["policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv",
                       "fingertips_format_fixture/indicators-CountyUA.data.csv",
                       "ons_recorded_crime_pfa/rec-crime-pfa.csv",
                       "policeuk_staffordshire/monthly_counts_by_area.csv",
                       "fingertips_lape/alcohol_related_admissions.csv",
                       "dfe_children_in_need/c3_factors_identified_at_end_of_assessment_2018_to_2025.csv"]
        let heads = try sources.map { Array(try Data(contentsOf: TestSupport.dataURL($0)).prefix(1500)) }
        var g = SplitMix64(state: 42)
        var usable = 0
        var perReader: [String: Int] = [:]
        for _ in 0..<2500 {
            var b = heads[g.int(heads.count)]
            for _ in 0..<(1 + g.int(4)) {
                guard !b.isEmpty else { break }
                let i = g.int(b.count)
                switch g.int(5) {
                case 0: b[i] = Self.alphabet[g.int(Self.alphabet.count)]
                case 1: b.insert(Self.alphabet[g.int(Self.alphabet.count)], at: i)
                case 2: b.remove(at: i)
                case 3: b = Array(b.prefix(i))
                default: b[i] = UInt8(g.int(256))
                }
            }
            let used = readAllWays(b, chunk: 16 + g.int(512))
            if used.contains(where: { $0 != "csv" }) { usable += 1 }
            for u in used { perReader[u, default: 0] += 1 }
        }
        // Acceptance floor: a mutation touches a few bytes of a real file, so the right reader
        // must still use rows in most cases (seeded, so the counts are exact run to run).
        print("fuzz mutated files: \(usable) of 2500 read with rows used; by reader \(perReader.sorted { $0.key < $1.key })")
        #expect(usable >= 1500, "only \(usable) of 2500 mutated real files gave any used row")
        for reader in ["policeuk-lsoa", "fingertips", "ons", "tidy"] {
            #expect(perReader[reader, default: 0] >= 100, "\(reader) used rows in only \(perReader[reader, default: 0]) cases")
        }
    }

    /// Random short strings never crash the period parser, and whatever parses
    /// formats to a canonical text that parses back to the same period.
    @Test func periodParserRoundTripsWhateverItAccepts() throws {
        let chars = Array("0123456789012345678901234567890123456789-/ QqWwMarJnFebDcSpOtuly".utf8)
        var g = SplitMix64(state: 7)
        var accepted = 0
        // 40,000 draws: only years 1000–2999 parse (Period.parsableYears), a fifth of random four-digit ones.
        for _ in 0..<40_000 {
            let bytes = (0..<(4 + g.int(8))).map { _ in chars[g.int(chars.count)] }
            let s = String(decoding: bytes, as: UTF8.self)
            if let (p, _) = Period.parse(s) {
                accepted += 1
                #expect(try Period(parsing: p.description) == p, "\(s)")
                #expect(Period.parsableYears.contains(p.year), "\(s)")
            }
        }
        #expect(accepted > 100)
    }

    /// Tokenizing the real Fingertips fixture (CRLF records, LF inside quotes) gives the
    /// same records for every chunk size.
    @Test func chunkSizeInvarianceOnRealFile() throws {
        let url = TestSupport.dataURL("fingertips_format_fixture/indicators-CountyUA.data.csv")
        let whole = try CSVReader(url: url).readAll()
        #expect(whole.count == 853)
        for chunk in [17, 100, 381, 4096] {
            let r = try CSVReader(url: url, chunkSize: chunk).readAll()
            #expect(r.map(\.line) == whole.map(\.line) && r.map(\.fields) == whole.map(\.fields), "chunk \(chunk)")
        }
    }
}
