"""Identity and tokens: roles, claims and the policy that issues and renews them."""
