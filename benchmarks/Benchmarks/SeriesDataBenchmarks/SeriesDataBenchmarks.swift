// SPDX-License-Identifier: GPL-3.0-or-later
import Benchmark
import Foundation
import SaferCity

// Issue 3's speed case as an ordo-one target: reading a police.uk street file and counting rows per
// month × area × crime type. The file is the real Stoke-on-Trent sample
// (notebooks-data/policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv) repeated 300 times
// (≈ 200 MB) in the temporary directory; benchmarks/seriesdata/run.sh runs pandas on the same kind of
// file in the same run.

let repoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Writes (once) the sample repeated `copies` times, header once; returns its URL and size in bytes.
func repeatedSample(copies: Int) -> (URL, Int) {
    let sample = repoRoot.appendingPathComponent("notebooks-data/policeuk_staffordshire/raw_sample_stoke_2019-01_street.csv")
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("safercity_police_x\(copies).csv")
    if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size > 0 { return (url, size) }
    guard let data = FileManager.default.contents(atPath: sample.path), let newline = data.firstIndex(of: 10) else {
        fatalError("cannot read \(sample.path)")
    }
    var out = Data(data[...newline])
    let body = data[(newline + 1)...]
    out.reserveCapacity(out.count + body.count * copies)
    for _ in 0..<copies { out.append(body) }
    FileManager.default.createFile(atPath: url.path, contents: out)
    return (url, out.count)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 5)
    let (url, bytes) = repeatedSample(copies: 300)
    print("police.uk file: \(bytes / 1_000_000) MB (real Stoke-on-Trent sample × 300), \(url.path)")
    for level in [PoliceUKStreet.AreaLevel.crimeType, .localAuthority, .lsoa] {
        Benchmark("police.uk read by \(level.rawValue) \(bytes / 1_000_000) MB") { benchmark in
            let (panel, account) = try PoliceUKStreet.read(url: url, by: level)
            blackHole(panel.count)
            blackHole(account.rowsRead)
        }
    }
}
