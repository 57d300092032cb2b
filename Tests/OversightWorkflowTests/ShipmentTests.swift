import Foundation
import OversightCore
import OversightWorkflow
import Testing

/// Shipments are recorded against the permit's limits, line by line, only while the permit is active.
struct ShipmentTests {
    @Test func shipmentsStayWithinQuantityAndValue() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let (detail, _) = try await f.issued(Fixture.quiet())
        let id = detail.record.id
        let day = Day("2026-03-01")!
        _ = try await f.service.recordShipment(applicationID: id, line: 0, quantity: 6, value: 60_000, shippedOn: day, by: f.applicant)
        func failure(_ quantity: Int, _ value: Double, line: Int = 0, by user: UserAccount? = nil) async -> WorkflowError? {
            do {
                _ = try await f.service.recordShipment(applicationID: id, line: line, quantity: quantity, value: value, shippedOn: day,
                                                       by: user ?? f.applicant)
                return nil
            } catch let error as WorkflowError { return error } catch { return nil }
        }
        let tooMany = await failure(5, 10_000)
        #expect(tooMany?.code == .limitExceeded)
        #expect(tooMany?.message.contains("at most 4 more") == true, "\(String(describing: tooMany))")
        #expect(await failure(4, 40_000.01)?.code == .limitExceeded, "value over the limit")
        #expect(await failure(1, 1, line: 3)?.fields["line"] != nil)
        #expect(await failure(0, 1)?.fields["quantity"] != nil)
        #expect(await failure(1, 1, by: f.otherApplicant)?.code == .forbidden)
        // Exactly up to the limit is fine.
        _ = try await f.service.recordShipment(applicationID: id, line: 0, quantity: 4, value: 40_000, shippedOn: day, by: f.officer)
        #expect(await failure(1, 0)?.code == .limitExceeded)
        let shipped = try await f.service.application(id: id, for: f.applicant)
        #expect(shipped.utilisation[0]?.quantity == 10)
        #expect(shipped.utilisation[0]?.value == 100_000)
    }

    @Test func noShipmentOnASuspendedPermit() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let (detail, _) = try await f.issued(Fixture.quiet())
        _ = try await f.service.changePermit(applicationID: detail.record.id, action: .suspend, reason: "Inquiry", by: f.officer)
        do {
            _ = try await f.service.recordShipment(applicationID: detail.record.id, line: 0, quantity: 1, value: 1,
                                                   shippedOn: Day("2026-03-01")!, by: f.applicant)
            Issue.record("a suspended permit takes no shipments")
        } catch let error as WorkflowError {
            #expect(error.code == .invalidTransition)
        }
    }

    @Test func checkIsPure() throws {
        let permit = Permit(id: "p", applicationID: "a", number: "P-1", issuedAt: Date(timeIntervalSince1970: 0), issuedBy: "o",
                            expiresOn: Day("2026-12-31")!,
                            limits: [PermitLimit(line: 0, controlEntry: "2-14", description: "x", quantity: nil, value: 100, currency: "CAD")],
                            conditions: [])
        func shipment(_ value: Double, on day: String = "2026-06-01") -> Shipment {
            Shipment(id: "s", permitID: "p", line: 0, quantity: 1, value: value, shippedOn: Day(day)!, recordedBy: "a",
                     recordedAt: Date(timeIntervalSince1970: 0))
        }
        #expect(throws: Never.self) { try ShipmentCheck.check(shipment(60), permit: permit, previous: [shipment(40)]) }
        #expect(throws: WorkflowError.self) { try ShipmentCheck.check(shipment(61), permit: permit, previous: [shipment(40)]) }
        #expect(throws: WorkflowError.self) { try ShipmentCheck.check(shipment(1, on: "2027-01-01"), permit: permit, previous: []) }
    }

    @Test func permitsPastTheirLastDayExpire() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let (first, permit) = try await f.issued(Fixture.quiet())
        let (second, _) = try await f.issued(Fixture.quiet(destination: "SE"))
        _ = try await f.service.changePermit(applicationID: second.record.id, action: .revoke, reason: "Revoked", by: f.senior)
        #expect(try await f.service.expireDuePermits().isEmpty, "not yet")
        f.clock.set(permit.expiresOn.adding(days: 1).description)
        let expired = try await f.service.expireDuePermits()
        #expect(expired.map(\.id) == [permit.id], "the revoked permit stays revoked")
        let detail = try await f.service.application(id: first.record.id, for: f.auditor)
        #expect(detail.record.state == .expired)
        #expect(detail.permit?.state == .expired)
        #expect(detail.history.last?.actor == "system")
    }

    @Test func twoShipmentsAtOnceCannotBothPassTheLimit() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let (detail, _) = try await f.issued(Fixture.quiet())
        let service = f.service, applicant = f.applicant, id = detail.record.id
        // Each fits alone (6 of 10); together they would not.
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    (try? await service.recordShipment(applicationID: id, line: 0, quantity: 6, value: 1, shippedOn: Day("2026-03-01")!,
                                                       by: applicant)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await f.service.application(id: id, for: f.officer).utilisation[0]?.quantity == 6)
    }
}
