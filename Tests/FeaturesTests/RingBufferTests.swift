import ArenaTesting
import Testing
@testable import Features

@Suite(.cpuBound) struct RingBufferTests {
    @Test func keepsTheNewestAndEvictsTheOldest() {
        var r = RingBuffer<Int>(capacity: 3)
        #expect(r.push(1) == nil && r.push(2) == nil && r.push(3) == nil)
        #expect(r.isFull && r.elements == [1, 2, 3])
        #expect(r.push(4) == 1)
        #expect(r.push(5) == 2)
        #expect(r.elements == [3, 4, 5] && r.oldest == 3 && r.newest == 5 && r[1] == 4)
    }

    @Test func matchesAPlainArrayWindowOnALongRun() {
        var r = RingBuffer<Int>(capacity: 7)
        var window: [Int] = []
        for i in 0..<1_000 {
            let evicted = r.push(i * 31 % 97)
            window.append(i * 31 % 97)
            if window.count > 7 { #expect(evicted == window.removeFirst()) } else { #expect(evicted == nil) }
            #expect(r.elements == window)
        }
    }
}
