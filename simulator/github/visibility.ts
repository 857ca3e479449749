/**
 * Who sees and who may push to a repository: public ones are visible to every token; private ones to
 * their owner, their collaborators and, for an organization's repositories, its members. Everyone
 * else gets the same 404 as for a repository that does not exist, as on GitHub.
 */
import { notFound } from "./http.js";
import { type Account, findRepo, type GithubData, type Repo } from "./model.js";

/** Whether `user` has push access to `repo` (owner, collaborator or member of the owning org). */
export function canPush(user: Account, repo: Repo): boolean {
  return (
    repo.owner === user.login || repo.collaborators.includes(user.login) || user.orgs.includes(repo.owner)
  );
}

/** Whether `user` may see `repo`. */
export function canSee(user: Account, repo: Repo): boolean {
  return !repo.private || canPush(user, repo);
}

/** The repository `owner/name` if `user` may see it; GitHub's 404 otherwise. */
export function visibleRepo(
  data: GithubData,
  user: Account,
  owner: string,
  name: string,
  documentationUrl: string,
): Repo {
  const repo = findRepo(data, owner, name);
  if (!repo || !canSee(user, repo)) throw notFound(documentationUrl);
  return repo;
}
