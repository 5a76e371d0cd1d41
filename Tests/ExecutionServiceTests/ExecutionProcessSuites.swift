import Testing

/// The suites that run `arena-risk` and `arena-oms` processes, one test at a
/// time: each starts up to two services and computes real-data fixtures, and
/// four of them at once at the start of a run would crowd the two cores that
/// the bus suites, running beside them, need to meet their deadlines.
@Suite(.serialized) struct ExecutionProcessSuites {}
