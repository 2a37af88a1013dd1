"""GraphQL documents the tests send (the same shapes a UI sends)."""

POST_IDEA = """mutation($input: PostIdeaInput!) {
  postIdea(input: $input) {
    idea { id title body tags author { displayName } forum { title } upvotes viewerVote }
    errors { code field message }
  }
}"""

EDIT_IDEA = """mutation($input: EditIdeaInput!) {
  editIdea(input: $input) { idea { id title body tags } errors { code field message } }
}"""

VOTE = """mutation($input: VoteInput!) {
  vote(input: $input) {
    idea { id upvotes downvotes score viewerVote }
    errors { code field message }
  }
}"""

RETRACT = """mutation($input: RetractVoteInput!) {
  retractVote(input: $input) { idea { upvotes downvotes viewerVote } errors { code field message } }
}"""

ADD_COMMENT = """mutation($input: AddCommentInput!) {
  addComment(input: $input) { comment { id body parentId author { displayName } }
                              errors { code field message } }
}"""

CREATE_JAM = """mutation($input: CreateJamInput!) {
  createJam(input: $input) {
    jam { id slug title phase forums { id title question } moderators { displayName } }
    errors { code field message }
  }
}"""

UPDATE_JAM = """mutation($input: UpdateJamInput!) {
  updateJam(input: $input) { jam { id phase endsAt title } errors { code field message } }
}"""

ADD_FORUM = """mutation($input: AddForumInput!) {
  addForum(input: $input) { forum { id title question } errors { code field message } }
}"""

ASSIGN_MODERATOR = """mutation($input: AssignModeratorInput!) {
  assignModerator(input: $input) { membership { role jam { slug } } errors { code field message } }
}"""

CREATE_INVITATION = """mutation($input: CreateInvitationInput!) {
  createInvitation(input: $input) { invitation { code uses maxUses jam { slug } }
                                    errors { code field message } }
}"""

JOIN_JAM = """mutation($input: JoinJamInput!) {
  joinJam(input: $input) { membership { role jam { slug } } errors { code field message } }
}"""

REGISTER = """mutation($input: RegisterInput!) {
  register(input: $input) { ok message errors { code field message } }
}"""

HIDE = """mutation($input: SetIdeaHiddenInput!) {
  setIdeaHidden(input: $input) { idea { id hidden } errors { code field message } }
}"""

IDEA_PAGE = """query($slug: String!, $first: Int!, $after: String, $sort: IdeaSort!,
                 $tag: String, $search: String, $forumId: ID) {
  jam(slug: $slug) {
    ideas(first: $first, after: $after, sort: $sort, tag: $tag, search: $search,
          forumId: $forumId) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id title hidden upvotes downvotes score commentCount tags viewerVote createdAt
        author { id displayName kind } forum { id title }
      } }
    }
  }
}"""

IDEA = """query($id: ID!) {
  idea(id: $id) {
    id title hidden upvotes downvotes passes viewerVote
    comments { id body author { displayName } replies { id body replies { id body } } }
  }
}"""
