//! Enums whose values travel as fixed strings (audit actions, report reasons,
//! notification kinds, ...): one macro gives each its list, its names both
//! ways and its schema, so adding a value is one line.

/// Declares a `Copy` enum with `ALL`, `as_str`, `parse` (unknown names are
/// `None`) and `schema` (an OpenAPI string enum with `$description`).
#[macro_export]
macro_rules! wire_names {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($description:literal) {
            $($(#[$vmeta:meta])* $variant:ident => $wire:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)+
                }
            }

            pub fn parse(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }

            pub fn schema() -> utoipa::openapi::schema::Object {
                let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                $crate::text::one_of($description, &names)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::wire_names! {
        enum Fruit ("A fruit.") {
            /// Red.
            Apple => "apple",
            BloodOrange => "blood_orange",
        }
    }

    #[test]
    fn names_read_back() {
        for fruit in Fruit::ALL {
            assert_eq!(Fruit::parse(fruit.as_str()), Some(*fruit));
        }
        assert_eq!(Fruit::parse("Apple"), None);
        assert_eq!(Fruit::BloodOrange.as_str(), "blood_orange");
        let listed = Fruit::schema().enum_values.unwrap_or_default();
        assert_eq!(listed, vec!["apple", "blood_orange"]);
    }
}
