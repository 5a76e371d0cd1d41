import ArenaCore

/// Every order the kernel placed, terminal ones included (their ids stay taken), stored by
/// handle: its placement number, an index into an array.
///
/// The kernel matches, fills and ends orders through their handles, changing them in place: no
/// client order id is hashed and no order is copied out of and back into a dictionary on the hot
/// path. The id index is consulted only where an id comes from outside (a command, a bracket leg).
struct OrderTable: Sendable, Hashable {
    /// The orders by handle, in placement order.
    private(set) var orders: [PaperOrder] = []
    /// The model slot (``KernelState/models`` index) of each order, by handle.
    private(set) var modelSlots: [Int] = []
    private var handles: [IDKey: Int] = [:]

    /// How many orders were placed: the next order's handle and placement number.
    var count: Int { orders.count }

    /// The handle of the order `id`, if one was placed.
    func handle(of id: ClientOrderID) -> Int? { handles[IDKey(id)] }

    /// Whether an order `id` was placed.
    func contains(_ id: ClientOrderID) -> Bool { handles[IDKey(id)] != nil }

    /// The order `id`, if one was placed.
    subscript(_ id: ClientOrderID) -> PaperOrder? {
        handles[IDKey(id)].map { orders[$0] }
    }

    /// The order with `handle`, read and changed in place (borrowed, never copied out whole).
    subscript(handle handle: Int) -> PaperOrder {
        _read { yield orders[handle] }
        _modify { yield &orders[handle] }
    }

    /// Adds `order` of the model in `slot`; its placement must be the next handle. Returns the handle.
    mutating func append(_ order: PaperOrder, modelSlot slot: Int) -> Int {
        let handle = orders.count
        assert(order.placement == Int64(handle), "an order's placement is its handle")
        orders.append(order)
        modelSlots.append(slot)
        handles[IDKey(order.state.spec.clientOrderID)] = handle
        return handle
    }
}
