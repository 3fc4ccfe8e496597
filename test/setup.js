// cdktf's jest matchers (toHaveResource, ...). Test files that use them also import "cdktf/lib/testing/adapters/jest" for types.
require("cdktf").Testing.setupJest();
process.env.CHECKPOINT_DISABLE = "1";
