"""Who may do what with meetings, their reports and their actions.

The roles are those of contributions.rules: the secretariat keeps the action tracker and
publishes the report.
"""

import rules

from contributions.rules import is_secretariat

can_update_action = rules.predicate(is_secretariat, name="can_update_action")
can_publish_report = rules.predicate(is_secretariat, name="can_publish_report")
