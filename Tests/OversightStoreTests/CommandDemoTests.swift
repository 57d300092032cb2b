import Foundation
import OversightCore
import OversightDemo
import OversightStore
import Testing

@Suite struct CommandDemoTests {
    @Test func dump() async throws {
        let store = try StoreFactory.sqliteFile.make()
        try await DemoCase.load(into: store)
        let index = CommandIndex(snapshot: try await store.snapshot(asOf: nil))
        let chain = index.chain(unit: "unit:pnp-comisaria-juliaca", on: Day("2023-01-09")!)!
        for l in chain.levels { print("L", l.unit.id, l.link?.relation.kind.rawValue ?? "-", l.link?.presence.rawValue ?? "-", l.holders.map { "\($0.personName) \($0.presence.rawValue) \($0.contested)" }) }
        let army = index.chain(unit: "unit:army", on: Day("2022-12-15")!)!
        for l in army.levels { print("A", l.unit.id, l.holders.map { "\($0.personName) \($0.presence.rawValue) \($0.contested)" }) }
        for inc in ["incident:juliaca-2023-01-09", "incident:ayacucho-2022-12-15"] {
            let r = index.responsibility(incident: inc)!
            for u in r.units {
                print("U", u.unit.id)
                for s in u.superiors {
                    print("  S", s.level, s.unit.id, s.holder.personName, s.standard.rawValue, s.elements.map { "\($0.element.rawValue)=\($0.rating.rawValue)" })
                    for e in s.elements { for i in e.indicators { print("     ", e.element.rawValue, i.direction.rawValue, i.text) } }
                }
            }
        }
    }
}
