from jam import actions
from jam.runtime import Runtime
from tests.server import GraphQLClient

LOGIN = """
mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { token errors { code field message } }
}"""


async def test_login_then_viewer(rt: Runtime, gql: GraphQLClient) -> None:
    await actions.create_user(rt, email="Ann@Example.org", password="longenough", display_name="A")
    body = await gql(LOGIN, {"email": "ann@example.org", "password": "longenough"})
    payload = body["data"]["login"]
    assert payload["errors"] == []
    me = await gql.as_user(payload["token"])("{ viewer { email kind } jams { slug } }")
    assert me["data"]["viewer"] == {"email": "Ann@Example.org", "kind": "EMPLOYEE"}
