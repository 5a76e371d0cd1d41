/// Largest-triangle-three-buckets downsampling (Steinarsson, 2013): keeps the first and last
/// points and, from each of `threshold − 2` equal buckets between them, the point that makes the
/// largest triangle with the point kept before it and the average of the next bucket. The shape
/// of a curve (its peaks and troughs) survives at a fraction of the points, so a month of 1-minute
/// NAV draws as fast as a day.
public enum LargestTriangleThreeBuckets {
    /// At most `threshold` points of `points` (all of them when there are no more, or when
    /// `threshold` is below 3).
    public static func downsample(_ points: [EquityPoint], threshold: Int) -> [EquityPoint] {
        guard threshold >= 3, points.count > threshold else { return points }
        var kept: [EquityPoint] = [points[0]]
        kept.reserveCapacity(threshold)
        let bucketSize = Double(points.count - 2) / Double(threshold - 2)
        var anchor = 0
        for bucket in 0..<(threshold - 2) {
            let start = Int(Double(bucket) * bucketSize) + 1
            let end = min(Int(Double(bucket + 1) * bucketSize) + 1, points.count - 1)
            let (averageX, averageY) = average(points, from: end, to: min(Int(Double(bucket + 2) * bucketSize) + 1, points.count))
            let ax = Double(points[anchor].timeMilliseconds), ay = points[anchor].equity
            var best = start, bestArea = -1.0
            for index in start..<max(end, start + 1) {
                let area = abs((ax - averageX) * (points[index].equity - ay) - (ax - Double(points[index].timeMilliseconds)) * (averageY - ay))
                if area > bestArea { bestArea = area; best = index }
            }
            kept.append(points[best])
            anchor = best
        }
        kept.append(points[points.count - 1])
        return kept
    }

    /// The mean time and value of `points[from..<to]` (the last point when the range is empty).
    private static func average(_ points: [EquityPoint], from: Int, to: Int) -> (Double, Double) {
        guard to > from else { return (Double(points[points.count - 1].timeMilliseconds), points[points.count - 1].equity) }
        var x = 0.0, y = 0.0
        for point in points[from..<to] {
            x += Double(point.timeMilliseconds)
            y += point.equity
        }
        let count = Double(to - from)
        return (x / count, y / count)
    }
}
