from tests.server import GraphQLClient

REGISTER = """
mutation($input: RegisterInput!) {
  register(input: $input) { token user { id email displayName kind } errors { code field message } }
}"""


async def test_register_then_viewer(gql: GraphQLClient) -> None:
    body = await gql(
        REGISTER,
        {"input": {"email": "Ann@Example.org", "password": "longenough", "displayName": "Ann"}},
    )
    payload = body["data"]["register"]
    assert payload["errors"] == []
    me = await gql.as_user(payload["token"])("{ viewer { email kind } jams { slug } }")
    assert me["data"]["viewer"] == {"email": "Ann@Example.org", "kind": "EMPLOYEE"}
