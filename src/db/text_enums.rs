//! The domain's closed sets stored as text (an account's role, a request's and an objection's state), read and
//! written as the domain's enums at this boundary: a row carries `Role`, not a string each use parses again. A
//! value the code does not know is a read error naming the column's type, never a silent default.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::expression::AsExpression;
use diesel::internal::derives::as_expression::Bound;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::{SingleValue, Text};

use crate::domain::account::Role;
use crate::domain::objection::ObjectionState;
use crate::domain::request::RequestState;

macro_rules! text_enum {
    ($t:ty, $what:literal) => {
        impl<DB: Backend> FromSql<Text, DB> for $t
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let text = String::from_sql(bytes)?;
                <$t>::parse(&text).ok_or_else(|| format!("unknown {} `{text}` in the database", $what).into())
            }
        }

        impl<DB: Backend> ToSql<Text, DB> for $t
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB, ST> Queryable<ST, DB> for $t
        where
            DB: Backend,
            ST: SingleValue,
            Self: FromSql<ST, DB>,
        {
            type Row = Self;

            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }

        impl AsExpression<Text> for $t {
            type Expression = Bound<Text, Self>;

            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'a> AsExpression<Text> for &'a $t {
            type Expression = Bound<Text, Self>;

            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }
    };
}

text_enum!(Role, "role");
text_enum!(RequestState, "request state");
text_enum!(ObjectionState, "objection state");
