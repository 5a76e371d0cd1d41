import ArenaCore

/// One model kind: its schema and how a model of it is built from checked parameters.
public struct ModelKind: Sendable {
    public let schema: ModelSchema
    let build: @Sendable (ModelParameters) throws(ModelConfigError) -> any TradingModel

    /// The kind of `type`, built by its ``TradingModel/init(parameters:)``.
    public init(_ type: any TradingModel.Type) {
        schema = type.schema
        build = { parameters throws(ModelConfigError) in try type.init(parameters: parameters) }
    }

    /// A kind whose models need more than their parameters (an LLM agent's transport), given by `build`.
    public init(schema: ModelSchema, build: @escaping @Sendable (ModelParameters) throws(ModelConfigError) -> any TradingModel) {
        self.schema = schema
        self.build = build
    }
}

/// The model kinds the scorer can run, by `kind`: the one place that lists them.
public struct ModelCatalog: Sendable {
    private let kinds: [String: ModelKind]

    /// A catalogue of `kinds`; two with the same name is a programming error.
    public init(_ kinds: [any TradingModel.Type]) {
        self.init(kinds: kinds.map(ModelKind.init))
    }

    /// A catalogue of `kinds`; two with the same name is a programming error.
    public init(kinds: [ModelKind]) {
        var table: [String: ModelKind] = [:]
        for kind in kinds {
            precondition(table[kind.schema.kind] == nil, "model kind \(kind.schema.kind) registered twice")
            table[kind.schema.kind] = kind
        }
        self.kinds = table
    }

    /// This catalogue with `more` kinds added.
    public func adding(_ more: [ModelKind]) -> ModelCatalog {
        ModelCatalog(kinds: Array(kinds.values) + more)
    }

    /// Every kind's name, sorted.
    public var names: [String] { kinds.keys.sorted() }

    /// The schema of `kind`.
    public func schema(of kind: String) -> ModelSchema? { kinds[kind]?.schema }

    /// The model `spec` describes, with its parameters checked against its kind's schema.
    public func model(_ spec: ModelSpec) throws(ModelConfigError) -> any TradingModel {
        guard let kind = kinds[spec.kind] else { throw .unknownKind(spec.kind, known: names) }
        return try kind.build(try kind.schema.parameters(spec.parameters))
    }

    /// The workload of `kind` (CPU when unknown: the bounded pool is the safe place).
    public func workload(of kind: String) -> ModelWorkload { kinds[kind]?.schema.workload ?? .cpu }
}

/// A roster checked as a whole: each model built, its needs met by the
/// market, ensembles' members present and not ensembles themselves.
public struct CheckedRoster: Sendable {
    /// One roster entry that failed, with its index and id for the message.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var index: Int
        public var model: ModelID
        public var error: ModelConfigError

        /// `models[3].params.ema_fast (ema_trend): parameter 'ema_fast' = 'x' is not an integer in 2…500`.
        public var description: String { "models[\(index)].\(error.key) (\(model)): \(error)" }
        /// The configuration key the problem is about.
        public var key: String { "models[\(index)].\(error.key)" }
    }

    /// The models in roster order.
    public let models: [(spec: ModelSpec, model: any TradingModel)]
    /// The union of every model's needs.
    public let needs: MarketNeeds

    /// Checks `specs` (the enabled roster, in order) with `catalog` against `market`.
    public init(_ specs: [ModelSpec], catalog: ModelCatalog, market: MarketCapabilities) throws(Problem) {
        var built: [(spec: ModelSpec, model: any TradingModel)] = []
        var needs = MarketNeeds()
        for (index, spec) in specs.enumerated() {
            do {
                let model = try catalog.model(spec)
                try model.needs.check(against: market)
                needs = needs.union(model.needs)
                built.append((spec, model))
            } catch { throw Problem(index: index, model: spec.id, error: error) }
        }
        let kinds = Dictionary(built.map { ($0.spec.id, $0.model.members.isEmpty) }, uniquingKeysWith: { a, _ in a })
        for (index, entry) in built.enumerated() {
            for member in entry.model.members {
                guard let isPlain = kinds[member] else {
                    throw Problem(index: index, model: entry.spec.id, error: .inconsistent(key: "members", reason: "\(member) is not an enabled model of the roster"))
                }
                guard isPlain else {
                    throw Problem(index: index, model: entry.spec.id, error: .inconsistent(key: "members", reason: "\(member) is an ensemble; members must be other kinds"))
                }
            }
        }
        models = built
        self.needs = needs
    }
}
