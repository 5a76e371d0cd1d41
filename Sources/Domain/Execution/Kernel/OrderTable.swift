import ArenaCore

/// Every order the kernel placed, terminal ones included (their ids stay taken), stored by
/// handle: its placement number, an index into an array.
///
/// The kernel matches, fills and ends orders through their handles, changing them in place: no
/// client order id is hashed and no order is copied out of and back into a dictionary on the hot
/// path. The id index is consulted only where an id comes from outside (a command, a bracket leg).
struct OrderTable: Sendable, Hashable {
    /// The orders by handle, in placement order. Read an order's fields through this array
    /// (`all[handle].state.isWorking`): the access projects the field without copying the order.
    private(set) var all: [PaperOrder] = []
    /// The model slot (``KernelState/models`` index) of each order, by handle.
    private(set) var modelSlots: [Int] = []
    private var handles: [IDKey: Int] = [:]

    /// How many orders were placed: the next order's handle and placement number.
    var count: Int { all.count }

    /// The handle of the order `id`, if one was placed.
    func handle(of id: ClientOrderID) -> Int? { handles[IDKey(id)] }

    /// Whether an order `id` was placed.
    func contains(_ id: ClientOrderID) -> Bool { handles[IDKey(id)] != nil }

    /// The order `id`, if one was placed.
    subscript(_ id: ClientOrderID) -> PaperOrder? {
        handles[IDKey(id)].map { all[$0] }
    }

    /// The order with `handle`, changed in place.
    subscript(handle handle: Int) -> PaperOrder {
        get { all[handle] }
        _modify { yield &all[handle] }
    }

    /// Adds `order` of the model in `slot`; its placement must be the next handle. Returns the handle.
    mutating func append(_ order: PaperOrder, modelSlot slot: Int) -> Int {
        let handle = all.count
        assert(order.placement == Int64(handle), "an order's placement is its handle")
        all.append(order)
        modelSlots.append(slot)
        handles[IDKey(order.state.spec.clientOrderID)] = handle
        return handle
    }
}
