//! Lessons: short education pieces from `content/lessons`, rendered safely.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{Layout, Member, PageError, PageResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/lessons", get(list))
        .route("/lessons/{id}", get(one))
}

#[derive(Template, WebTemplate)]
#[template(path = "lessons.html")]
struct ListPage {
    layout: Layout,
    lessons: Vec<(String, String, String)>,
}

async fn list(State(state): State<AppState>, Member(caller): Member) -> ListPage {
    ListPage {
        layout: Layout::member("Lessons", &caller, "lessons"),
        lessons: state
            .lib
            .lessons
            .iter()
            .map(|l| (l.id.clone(), l.title.clone(), l.summary.clone()))
            .collect(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "lesson.html")]
struct LessonPage {
    layout: Layout,
    title: String,
    summary: String,
    body: String,
    sources: Vec<String>,
}

async fn one(
    State(state): State<AppState>,
    Member(caller): Member,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let lesson = state.lib.lesson(&id).ok_or_else(PageError::not_found)?;
    Ok(LessonPage {
        layout: Layout::member(lesson.title.clone(), &caller, "lessons"),
        title: lesson.title.clone(),
        summary: lesson.summary.clone(),
        body: lesson.html.clone(),
        sources: lesson.sources.clone(),
    }
    .into_response())
}
