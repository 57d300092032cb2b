import Foundation
import OversightCore
import OversightWorkflow
import Testing

/// Sign-in, sessions, CSRF tokens and API tokens.
struct SessionTests {
    @Test func signInSessionAndSignOut() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let user = try await f.service.authenticate(name: "olivia", password: Fixture.password)
        #expect(user.id == f.officer.id)
        for (name, password) in [("olivia", "wrong password!"), ("nobody", Fixture.password)] {
            do {
                _ = try await f.service.authenticate(name: name, password: password)
                Issue.record("\(name) must not sign in")
            } catch let error as WorkflowError {
                #expect(error.code == .unauthenticated)
                #expect(error.message == "wrong user name or password")
            }
        }
        let (token, session) = try await f.service.createSession(for: user)
        let found = try #require(try await f.service.session(token: token))
        #expect(found.user == user)
        #expect(f.service.isValidCSRF(found.csrfToken, for: session))
        #expect(!f.service.isValidCSRF(found.csrfToken.uppercased() + "x", for: session))
        #expect(try await f.service.session(token: token + "x") == nil)
        // The store holds only the token's hash.
        #expect(try await f.store.session(tokenHash: token) == nil)
        f.clock.advance(8 * 3600 + 1)
        #expect(try await f.service.session(token: token) == nil, "expired")
        let (second, _) = try await f.service.createSession(for: user)
        try await f.service.endSession(token: second)
        #expect(try await f.service.session(token: second) == nil, "signed out")
    }

    @Test func disabledUsersLoseAccess() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let (token, _) = try await f.service.createSession(for: f.officer)
        let apiToken = try await f.service.createAPIToken(for: f.officer, label: "scripts", by: nil)
        #expect(try await f.service.user(forAPIToken: apiToken)?.id == f.officer.id)
        _ = try await f.service.updateUser(id: f.officer.id, role: nil, disabled: true, by: f.admin)
        #expect(try await f.service.session(token: token) == nil)
        #expect(try await f.service.user(forAPIToken: apiToken) == nil)
        await #expect(throws: WorkflowError.self) { _ = try await f.service.authenticate(name: "olivia", password: Fixture.password) }
        await #expect(throws: WorkflowError.self) { _ = try await f.service.updateUser(id: f.admin.id, role: nil, disabled: true, by: f.admin) }
    }

    @Test func userNamesAndPasswordsAreValidated() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        do {
            _ = try await f.service.createUser(name: "olivia", role: .officer, password: Fixture.password, by: f.admin)
            Issue.record("a taken name must be refused")
        } catch let error as WorkflowError {
            #expect(error.code == .conflict)
            #expect(error.fields["name"] != nil)
        }
        do {
            _ = try await f.service.createUser(name: "x y", role: .officer, password: "short", by: f.admin)
            Issue.record("a bad name and password must be refused")
        } catch let error as WorkflowError {
            #expect(Set(error.fields.keys) == ["name", "password"])
        }
        let (user, generated) = try await f.service.createUser(name: "newbie", role: .auditor, password: nil, by: f.admin)
        let password = try #require(generated)
        #expect(password.count == 20)
        #expect(try await f.service.authenticate(name: "newbie", password: password).id == user.id)
    }
}
