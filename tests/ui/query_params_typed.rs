// Query parameters are in each operation's type: `nowait` only where a write may run
// asynchronously, `skip`/`count` only on lists, `context_hierarchy` only on moves.
use voss_api::data::Role;

fn check(role: &Role) {
    // Taken: these compile.
    let _ = Role::list().skip(10).limit(5).count(false).hierarchy("sys");
    let _ = Role::create(role).nowait(true).template_name("t");
    // Not taken: each is an error naming the parameter.
    let _ = Role::get("1").nowait(true);
    let _ = Role::get("1").skip(10);
    let _ = Role::modify("1", role).context_hierarchy("sys.hcs");
}

fn main() {}
