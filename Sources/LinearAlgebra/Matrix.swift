// SPDX-License-Identifier: GPL-3.0-or-later
/// A dense, column-major matrix of `Double`, the storage order of BLAS and LAPACK.
///
/// Element (i, j) of an m×n matrix lives at `storage[i + j*m]` (leading dimension = `rows`).
/// Building from row arrays (`init(rows:)`) transposes once on the way in; everything after
/// that is handed to BLAS/LAPACK without copies.
///
/// Value semantics with copy-on-write (the storage is a Swift `Array`). Large design
/// matrices should be built once and passed with `consuming`/`inout` APIs where a routine
/// would otherwise copy (see ``LeastSquares``).
public struct Matrix: Sendable, Equatable, CustomStringConvertible {
    /// Number of rows (m).
    public let rows: Int
    /// Number of columns (n).
    public let columns: Int
    /// Column-major elements, `rows * columns` of them.
    public var storage: [Double]

    /// An m×n matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// Wraps column-major storage (no copy).
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) {
        precondition(storage.count == rows * columns,
                     "Matrix storage has \(storage.count) elements; \(rows)×\(columns) needs \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Builds from row arrays, `[[a, b], [c, d]]` reading naturally.
    public init(rows rowArrays: [[Double]]) {
        let m = rowArrays.count
        let n = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == n }, "Matrix rows must all have the same length")
        var s = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { s[i + j * m] = rowArrays[i][j] } }
        self.init(rows: m, columns: n, columnMajor: s)
    }

    /// Builds from column arrays (each of length `rows`).
    public init(columns columnArrays: [[Double]]) {
        let n = columnArrays.count
        let m = columnArrays.first?.count ?? 0
        precondition(columnArrays.allSatisfy { $0.count == m }, "Matrix columns must all have the same length")
        self.init(rows: m, columns: n, columnMajor: Array(columnArrays.joined()))
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    /// A diagonal matrix.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, columns: d.count)
        for i in d.indices { m.storage[i + i * d.count] = d[i] }
        return m
    }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix index (\(i), \(j)) out of range")
            return storage[i + j * rows]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix index (\(i), \(j)) out of range")
            storage[i + j * rows] = newValue
        }
    }

    /// Column j as an array (a copy).
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "column \(j) out of range")
        return Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Row i as an array (a strided copy).
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "row \(i) out of range")
        return (0..<columns).map { storage[i + $0 * rows] }
    }

    /// The main diagonal.
    public var diagonal: [Double] { (0..<min(rows, columns)).map { storage[$0 + $0 * rows] } }

    /// The transpose (a copy).
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns { for i in 0..<rows { t.storage[j + i * columns] = storage[i + j * rows] } }
        return t
    }

    /// A new matrix of the given columns, in order.
    public func selectingColumns(_ js: [Int]) -> Matrix {
        var s = [Double]()
        s.reserveCapacity(rows * js.count)
        for j in js { s.append(contentsOf: storage[(j * rows)..<((j + 1) * rows)]) }
        return Matrix(rows: rows, columns: js.count, columnMajor: s)
    }

    /// Row arrays, for printing and tests.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    public var description: String {
        rowArrays.map { $0.map { String($0) }.joined(separator: "\t") }.joined(separator: "\n")
    }
}
