/// A binary min-heap: O(log n) insert and pop of the smallest element.
///
/// The dispatcher keeps job deadlines here so that each loop iteration finds
/// the next expiry without scanning every job in flight. Entries for jobs
/// that finished early stay until they surface and are then skipped.
struct MinHeap<Element: Comparable> {
    private var items: [Element] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var min: Element? { items.first }

    mutating func insert(_ element: Element) {
        items.append(element)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let smallest = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallestChild = parent
            if left < items.count && items[left] < items[smallestChild] { smallestChild = left }
            if right < items.count && items[right] < items[smallestChild] { smallestChild = right }
            guard smallestChild != parent else { break }
            items.swapAt(parent, smallestChild)
            parent = smallestChild
        }
        return smallest
    }
}
