import Testing
@testable import ArenaRuntime

@Test func configErrorsNameTheKey() {
    #expect(ConfigError.invalid(key: "bus.high_water_mark", value: "x", reason: "not an integer").description.contains("bus.high_water_mark"))
}
