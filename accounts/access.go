package accounts

import "heard/feedback"

// Who may see what. Every workers' page asks these before it shows,
// exports, prints or changes a round or a post, and treats a "no" as "not
// found", so another team's round looks the same as one that never
// existed. They are pure: the account as it is now, and the thing asked
// about.
//
//   - A worker sees and changes only their own team's rounds and posts.
//   - An admin sees every team's, and what belongs to Admins: the standing
//     round, its posts, and whatever an admin without a team made.
//   - A disabled account sees nothing; a worker without a team sees nothing.
//   - A round or post with no team at all (from before teams, not yet
//     given to one) is seen by admins only: unknown ownership fails closed.

// IsAdmin reports whether u may manage accounts and teams, and see every
// team's results side by side.
func IsAdmin(u User) bool { return u.Role == RoleAdmin && !u.Disabled }

// CanSeeTeam reports whether u may see and change what team owns.
func CanSeeTeam(u User, team string) bool {
	if IsAdmin(u) {
		return true
	}
	return u.Role == RoleWorker && !u.Disabled && u.Team != "" && u.Team != Admins && team == u.Team
}

// CanSeeRound reports whether u may see and change round: its results,
// exports, poster, report, opening and closing.
func CanSeeRound(u User, round feedback.Round) bool {
	if round.Code == feedback.Standing {
		return IsAdmin(u)
	}
	return CanSeeTeam(u, round.Team)
}

// CanSeePost reports whether u may see a post in the workers' pages and
// take it down. (Published posts are public; this is about changing them.)
func CanSeePost(u User, post feedback.Post) bool {
	if post.Round == feedback.Standing {
		return IsAdmin(u)
	}
	return CanSeeTeam(u, post.Team)
}

// RoundsFor keeps the rounds u may see, in their order.
func RoundsFor(u User, rounds []feedback.Round) []feedback.Round {
	var seen []feedback.Round
	for _, r := range rounds {
		if CanSeeRound(u, r) {
			seen = append(seen, r)
		}
	}
	return seen
}

// PostsFor keeps the posts u may see, in their order.
func PostsFor(u User, posts []feedback.Post) []feedback.Post {
	var seen []feedback.Post
	for _, p := range posts {
		if CanSeePost(u, p) {
			seen = append(seen, p)
		}
	}
	return seen
}

// TeamOfNewWork is the team a round u creates belongs to: u's own, or
// Admins for an admin without one. A worker without a team (or a disabled
// account) creates nothing: ok is false. A post belongs to its round's
// team, not its author's.
func TeamOfNewWork(u User) (team string, ok bool) {
	switch {
	case u.Disabled:
		return "", false
	case u.Team != "":
		return u.Team, true
	case u.Role == RoleAdmin:
		return Admins, true
	}
	return "", false
}
